/**
 * Mounts a route handler by its entry in the REST route table (src/common/apiRoutes.ts): the method and path
 * come from the table, so every route the server answers is one the OpenAPI document and the client library know.
 */
import type { RequestHandler, Router } from 'express';
import { expressPath, type RouteSpec } from '../../../common/apiRoutes.js';

export function mount(router: Router, route: RouteSpec, ...handlers: RequestHandler[]): void {
  router[route.method](expressPath(route.path), ...handlers);
}
