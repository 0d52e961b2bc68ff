/**
 * GET /account-info/v3/details: which HubSpot account (portal) a token reaches, with its settings
 * (Account Information API, "Retrieve account details"; scope `oauth`, which every app has, so any
 * valid token may ask). The fields are the documented ones.
 * Assumption: the sandbox's time zone, currency and data-hosting location are fixed (US/Eastern,
 * USD, na1); only the portal id tells accounts apart.
 */
import { route, type Route } from './route.js';

export const accountRoutes: Route[] = [
  route('GET', '/account-info/v3/details', 'GET account-info/details', ({ store }) => ({
    status: 200,
    body: {
      portalId: store.portalId,
      accountType: 'STANDARD',
      timeZone: 'US/Eastern',
      companyCurrency: 'USD',
      additionalCurrencies: [],
      utcOffset: '-05:00',
      utcOffsetMilliseconds: -18000000,
      uiDomain: 'app.hubspot.com',
      dataHostingLocation: 'na1',
    },
  })),
];
