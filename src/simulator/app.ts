import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { adminRouter, type AdminHooks } from './admin-routes';
import { errorPage, notFoundPage } from './pages/auth-pages';
import { registerLoginRoutes } from './routes/login-routes';
import { registerPageRoutes } from './routes/page-routes';
import { registerScriptApiRoutes } from './routes/script-api-routes';
import type { Challenge } from './routes/shared';
import { lookupSession } from './session';
import type { SimulatorStore } from './state/store';

/** Builds the Express app that plays LinkedIn. */
export function createSimulatorApp(store: SimulatorStore, hooks?: AdminHooks): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const challenges = new Map<string, Challenge>();

  app.use('/__sim', adminRouter(store, challenges, hooks));

  // Latency and error pages configured through the admin API.
  app.use((request: Request, response: Response, next: NextFunction) => {
    const status = store.takeFault(request.path);
    const delay = store.faults.latencyMs;
    const proceed = () => {
      if (status !== null) response.status(status).type('html').send(errorPage(status));
      else next();
    };
    if (delay > 0) setTimeout(proceed, delay);
    else proceed();
  });
  app.use(express.urlencoded({ extended: false }));
  app.use(express.json());

  registerLoginRoutes(app, store, challenges);
  registerPageRoutes(app, store);
  registerScriptApiRoutes(app, store);

  app.use((request, response) => {
    const lookup = lookupSession(store, request);
    if (
      lookup.kind !== 'alive' &&
      request.method === 'GET' &&
      !request.path.startsWith('/voyager/')
    ) {
      response.redirect(302, `/login?session_redirect=${encodeURIComponent(request.originalUrl)}`);
      return;
    }
    response
      .status(404)
      .type('html')
      .send(notFoundPage(lookup.kind === 'alive' ? lookup.current.viewer : null));
  });

  // Malformed input (a bad percent-escape, a body that is not JSON) gets LinkedIn's error page
  // or a JSON error, with its 4xx status, instead of Express's stack trace.
  app.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const reported = (error as { status?: unknown }).status;
    const status =
      typeof reported === 'number' && reported >= 400 && reported < 600 ? reported : 500;
    if (status >= 500) console.error('simulator error', error);
    if (request.path.startsWith('/voyager/')) {
      response.status(status).json({ error: status < 500 ? 'bad_request' : 'server_error' });
      return;
    }
    response.status(status).type('html').send(errorPage(status));
  });

  return app;
}
