/**
 * Atrium environments: the conda-environment catalog entity, the annotations projects
 * carry, pin detection, version order and the difference between two versions.
 *
 * @packageDocumentation
 */
export * from './constants';
export * from './types';
export * from './versions';
export * from './dependencies';
export * from './diff';
export * from './render';
export * from './entity';
export * from './condaStore';
export * from './condaStoreApi';
export * from './permissions';
