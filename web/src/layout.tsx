import { Anchor, AppShell, Badge, Burger, Button, Group, NavLink, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { useQueryClient } from '@tanstack/react-query'
import { Suspense, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router'
import { may } from './access.js'
import { followLiveEvents } from './api/live.js'
import { useApp, useUser } from './app-context.js'
import { PageLoader } from './components/page-state.js'
import { LanguagePicker } from './components/language-picker.js'
import { queryKeysOf } from './live-updates.js'

/** The frame of every signed-in screen: who is signed in, the sections their role may open, and live updates. */
export function Layout () {
  const { t } = useTranslation()
  const { session } = useApp()
  const user = useUser()
  const location = useLocation()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [opened, { toggle }] = useDisclosure()
  const [live, setLive] = useState(false)

  useEffect(() => {
    if (user === undefined) return
    return followLiveEvents(session, (event) => {
      for (const key of queryKeysOf(event.type)) void queryClient.invalidateQueries({ queryKey: [key] })
    }, { onConnected: setLive })
  }, [user?.user_id, session, queryClient])

  if (user === undefined) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />

  const sections = [
    { to: '/', label: t('nav.dashboard'), show: true },
    { to: '/clients', label: t('nav.clients'), show: true },
    { to: '/trips', label: t('nav.trips'), show: true },
    { to: '/suppliers', label: t('nav.suppliers'), show: true },
    { to: '/invoices', label: t('nav.invoices'), show: true },
    { to: '/commissions', label: t('nav.commissions'), show: may(user.role, 'GET', '/commissions') },
    { to: '/reports', label: t('nav.reports'), show: may(user.role, 'GET', '/reports/monthly-revenue') },
    { to: '/admin/users', label: t('nav.users'), show: may(user.role, 'GET', '/users') },
    { to: '/admin/webhooks', label: t('nav.webhooks'), show: may(user.role, 'GET', '/webhooks') },
    { to: '/settings/agency', label: t('nav.agency'), show: may(user.role, 'PUT', '/settings/agency') }
  ]
  const current = (to: string) => to === '/' ? location.pathname === '/' : location.pathname.startsWith(to)

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            <Title order={1} size="h3">{t('app.name')}</Title>
          </Group>
          <Group gap="sm">
            <Badge variant="dot" color={live ? 'teal' : 'gray'} title={t(live ? 'live.onHint' : 'live.offHint')}>{t(live ? 'live.on' : 'live.off')}</Badge>
            <Anchor component={Link} to="/account" size="sm" data-testid="signed-in-user" aria-label={t('account.linkLabel', { username: user.username })}>{user.username}</Anchor>
            <Badge variant="filled" color="dark">{t(`roles.${user.role}`)}</Badge>
            <LanguagePicker />
            <Button variant="default" size="xs" onClick={() => { void session.logout().finally(() => navigate('/login')) }}>{t('nav.logout')}</Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('nav.sections')}>
        {sections.filter((section) => section.show).map((section) => (
          <NavLink key={section.to} variant="filled" component={Link} to={section.to} label={section.label} active={current(section.to)} aria-current={current(section.to) ? 'page' : undefined} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  )
}
