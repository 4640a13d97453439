import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  PORTAL_METRICS_EXPORTER_KEY,
  portalMetricsEndpoint,
} from './portalMetricsEndpoint';

describe('portalMetricsEndpoint', () => {
  const global = globalThis as Record<symbol, unknown>;
  afterEach(() => {
    delete global[PORTAL_METRICS_EXPORTER_KEY];
  });
  const req = {} as IncomingMessage;
  const res = {} as ServerResponse;

  it('answers with the exporter the instrumentation file registered', () => {
    const getMetricsRequestHandler = jest.fn();
    global[PORTAL_METRICS_EXPORTER_KEY] = { getMetricsRequestHandler };
    portalMetricsEndpoint().handle(req, res);
    expect(getMetricsRequestHandler).toHaveBeenCalledWith(req, res);
  });

  it('says how to set the metrics up when the backend started without it', () => {
    expect(() => portalMetricsEndpoint().handle(req, res)).toThrow(
      expect.objectContaining({
        name: 'ServiceUnavailableError',
        message: expect.stringContaining('--require ./src/instrumentation.js'),
      }),
    );
  });
});
