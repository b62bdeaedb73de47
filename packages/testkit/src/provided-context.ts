// Types what global-setup.ts provides and testInfrastructure() injects.
declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
    natsUrl: string
  }
}

export {}
