/**
 * Atrium data access: data sources in the catalog, grants by group, requests and
 * approvals, and exactly what a workspace receives at launch.
 *
 * @packageDocumentation
 */
export * from './dataSource';
export * from './permissions';
export * from './types';
export * from './api';
