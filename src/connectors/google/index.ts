/** The Google Contacts connector's public face; the emulator lives in ./emulator/server.js. */
export { createGoogleConnector, type GoogleConnectorOptions } from './connector.js';
export { googleStaticCatalogue, GOOGLE_OBJECTS } from './catalogue.js';
export { MARKER_FIELD } from './find.js';
export { GOOGLE_LIMITS } from './limits.js';
