export { buildGateway } from './app.js'
export { loadConfig } from './config.js'
