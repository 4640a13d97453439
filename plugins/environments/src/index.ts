/**
 * Atrium environments in the frontend: the versions of a curated environment and what
 * changed between them, and a project's environment, its drift and a launch button.
 *
 * @packageDocumentation
 */
export { environmentsPlugin as default } from './plugin';
export { MyProjectsHomeContent, TemplatesHomeContent } from './homeContents';
