import { createBrowserRouter } from 'react-router'
import { PageLoader } from './components/page-state.js'
import { Layout } from './layout.js'
import { LoginPage } from './pages/login.js'

/** Each screen is its own chunk, loaded when first opened: the first screen needs only the login and the frame. */
export const router = createBrowserRouter([
  { path: '/login', Component: LoginPage },
  {
    path: '/',
    Component: Layout,
    HydrateFallback: PageLoader,
    children: [
      { index: true, lazy: async () => ({ Component: (await import('./pages/dashboard.js')).DashboardPage }) },
      { path: 'clients', lazy: async () => ({ Component: (await import('./pages/clients.js')).ClientsPage }) },
      { path: 'clients/:id', lazy: async () => ({ Component: (await import('./pages/client-detail.js')).ClientDetailPage }) },
      { path: 'trips', lazy: async () => ({ Component: (await import('./pages/trips.js')).TripsPage }) },
      { path: 'trips/:id', lazy: async () => ({ Component: (await import('./pages/trip-detail.js')).TripDetailPage }) },
      { path: 'suppliers', lazy: async () => ({ Component: (await import('./pages/suppliers.js')).SuppliersPage }) },
      { path: 'invoices', lazy: async () => ({ Component: (await import('./pages/invoices.js')).InvoicesPage }) },
      { path: 'commissions', lazy: async () => ({ Component: (await import('./pages/commissions.js')).CommissionsPage }) },
      { path: 'invoices/:id', lazy: async () => ({ Component: (await import('./pages/invoice-detail.js')).InvoiceDetailPage }) },
      { path: 'reports', lazy: async () => ({ Component: (await import('./pages/reports.js')).ReportsPage }) },
      { path: 'account', lazy: async () => ({ Component: (await import('./pages/account.js')).AccountPage }) },
      { path: 'admin/webhooks', lazy: async () => ({ Component: (await import('./pages/webhooks.js')).WebhooksPage }) },
      { path: 'admin/webhooks/:id', lazy: async () => ({ Component: (await import('./pages/webhook-detail.js')).WebhookDetailPage }) },
      { path: 'settings/agency', lazy: async () => ({ Component: (await import('./pages/agency-settings.js')).AgencySettingsPage }) },
      { path: 'admin/users', lazy: async () => ({ Component: (await import('./pages/users.js')).UsersPage }) },
      { path: '*', lazy: async () => ({ Component: (await import('./pages/not-found.js')).NotFoundPage }) }
    ]
  }
], { basename: '/app' })
