import '@mantine/core/styles.css'
import '@mantine/notifications/styles.css'
import { MantineProvider } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { RouterProvider } from 'react-router'
import { HttpClient, travelCrmApi } from './api/client.js'
import { ApiError } from './api/problem.js'
import { Session } from './api/session.js'
import { AppContext } from './app-context.js'
import { setUpI18n } from './i18n/index.js'
import { router } from './router.js'
import { cssVariablesResolver, theme } from './theme.js'

const session = new Session()
const api = travelCrmApi(new HttpClient(session))
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A refusal (403, 404) will not change by asking again; a dropped connection might.
      retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2
    }
  }
})

await setUpI18n()
// A reload keeps the user signed in: the refresh cookie gives a new access token, if the session still lives.
await session.refresh().catch(() => false)

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>
        <AppContext.Provider value={{ session, api }}>
          <Notifications />
          <RouterProvider router={router} />
        </AppContext.Provider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>
)
