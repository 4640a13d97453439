/**
 * Atrium's scaffolder actions (`atrium:project:validate`, `atrium:environment:resolve`,
 * `atrium:publish:local`, `atrium:catalog:register`, `atrium:workspace:launch`). The
 * catalog reads what they publish through
 * the `plugin-catalog-backend-module-atrium-local-git` package.
 *
 * @packageDocumentation
 */
export { scaffolderModuleAtrium as default } from './module';
