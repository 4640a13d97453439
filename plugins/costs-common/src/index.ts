/**
 * Atrium costs: the API contract, price arithmetic and permissions shared by frontend
 * and backend.
 *
 * @packageDocumentation
 */
export * from './api';
export * from './permissions';
export * from './prices';
export * from './limits';
