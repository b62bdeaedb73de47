import { createContext, useContext, useSyncExternalStore } from 'react'
import type { TravelCrmApi } from './api/client.js'
import type { Session, SignedInUser } from './api/session.js'

export interface AppServices {
  session: Session
  api: TravelCrmApi
}

export const AppContext = createContext<AppServices | undefined>(undefined)

export function useApp (): AppServices {
  const services = useContext(AppContext)
  if (services === undefined) throw new Error('useApp outside <AppContext.Provider>')
  return services
}

export function useApi (): TravelCrmApi {
  return useApp().api
}

/** The signed-in user, re-rendering when the session starts or ends. */
export function useUser (): SignedInUser | undefined {
  const { session } = useApp()
  return useSyncExternalStore((listener) => session.subscribe(listener), () => session.user)
}
