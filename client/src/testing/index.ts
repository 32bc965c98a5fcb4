// @hokusai/auth-client/testing: an in-memory stand-in for the service, for the tests of a service that uses the client.
export { closedPortUrl, fakeApiKey, FakeHokusaiServer } from './fake-hokusai-server';
export type { FakeServerOptions, ReceivedRequest } from './fake-hokusai-server';
export { FakeKeyStore } from './fake-key-store';
