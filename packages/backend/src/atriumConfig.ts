/*
 * Strict validation of Atrium's own configuration at start.
 *
 * Backstage checks config against the plugins' schemas only for what the frontend sees;
 * the backend reads whatever is there, so a misspelled key (`workspaces.jupyterhub.urll`,
 * `costs.demoData.enabeld`) is silently ignored and the default applies. For Atrium's
 * own top-level keys this root config service refuses to start instead, naming the key:
 * it validates them against the config schemas (config.d.ts) of Atrium's packages with
 * undeclared properties forbidden. Backstage's own keys are left to Backstage.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  coreServices,
  createServiceFactory,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  ConfigSchema,
  ConfigSources,
  loadConfigSchema,
} from '@backstage/config-loader';
import type { JsonObject } from '@backstage/types';

/** The top-level config keys that belong to Atrium and are validated strictly. */
export const ATRIUM_CONFIG_KEYS = [
  'atrium',
  'workspaces',
  'costs',
  'platformHealth',
  'audit',
  'environments',
  'dataAccess',
] as const;

/** Whose config schemas describe Atrium's keys: Atrium's packages and the app. */
function isAtriumPackage(name: string) {
  return name.startsWith('@internal/') || name === 'app';
}

/**
 * The package.json files of Atrium's packages the backend depends on (directly or
 * through another Atrium package) that declare a config schema.
 */
export function findAtriumSchemaPackages(backendPackageJson: string): string[] {
  const found = new Map<string, string>();
  const visit = (packageJsonPath: string) => {
    const pkg = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8'));
    for (const dependency of Object.keys(pkg.dependencies ?? {})) {
      if (!isAtriumPackage(dependency) || found.has(dependency)) {
        continue;
      }
      const dependencyPath = require.resolve(`${dependency}/package.json`, {
        paths: [path.dirname(packageJsonPath)],
      });
      found.set(dependency, dependencyPath);
      visit(dependencyPath);
    }
  };
  visit(backendPackageJson);
  return [...found.values()].filter(
    packageJsonPath =>
      JSON.parse(fs.readFileSync(packageJsonPath, 'utf8')).configSchema !==
      undefined,
  );
}

/** Atrium's config schema, with every object closed to keys it does not declare. */
export async function loadAtriumConfigSchema(
  packageJsonPaths: string[],
): Promise<ConfigSchema> {
  return loadConfigSchema({
    dependencies: [],
    packagePaths: packageJsonPaths,
    // Only these packages' own schemas: Backstage's keys are not validated here.
    excludePackageDependencies: true,
    noUndeclaredProperties: true,
  });
}

/** A schema node's alternatives: the branches of a union (`T | null`), or the node itself. */
function alternativesOf(node: any): any[] {
  if (!node) return [];
  return node.anyOf ? node.anyOf.flatMap(alternativesOf) : [node];
}

/**
 * What a schema node holds at one path segment: a list's items, a declared property, or
 * a map's values (`{ [name: string]: {...} }`, as in workspaces.profiles[].profile_options).
 */
function childOf(node: any, segment: string): any {
  if (/^\d+$/.test(segment) && node.items) return node.items;
  if (node.properties?.[segment]) return node.properties[segment];
  return typeof node.additionalProperties === 'object'
    ? node.additionalProperties
    : undefined;
}

/**
 * The property names a schema declares at a config path, from any package's schema:
 * through maps and unions too, so that a misspelled key deep in a pasted Nebari profile
 * is answered with the keys allowed there.
 */
function declaredKeys(schema: ConfigSchema, at: string[]): string[] {
  const keys = new Set<string>();
  for (const { value } of schema.serialize().schemas as Array<{
    value: any;
  }>) {
    const nodes = at.reduce<any[]>(
      (current, segment) =>
        current.flatMap(node => alternativesOf(childOf(node, segment))),
      alternativesOf(value),
    );
    for (const node of nodes) {
      for (const key of Object.keys(node.properties ?? {})) {
        keys.add(key);
      }
    }
  }
  return [...keys].sort();
}

/** Levenshtein distance, case-insensitive: how many letters to change from a to b. */
function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[y.length];
}

// Ajv's messages as config-loader formats them: "Config <message> { <params> } at <path>".
const AJV_MESSAGE = /^Config (.*?) \{ (.*) \} at (\S*)$/;

/**
 * The problems with Atrium's keys in `config`: keys no Atrium schema declares, and values
 * of the wrong type or outside the allowed ones. Missing required values are left to the
 * plugins, which say what they need when they start.
 */
export function findAtriumConfigProblems(
  config: Config,
  schema: ConfigSchema,
): string[] {
  const data = (config.getOptional() ?? {}) as JsonObject;
  const atriumData: JsonObject = {};
  for (const key of ATRIUM_CONFIG_KEYS) {
    if (data[key] !== undefined) {
      atriumData[key] = data[key];
    }
  }
  const problems: string[] = [];
  // A top-level key one or two letters away from an Atrium key is a misspelling of it
  // (`workspace:`), which the schema check below would never see.
  for (const key of Object.keys(data)) {
    const meant = ATRIUM_CONFIG_KEYS.find(
      atriumKey => atriumKey !== key && editDistance(atriumKey, key) <= 2,
    );
    if (meant) {
      problems.push(
        `unknown top-level key '${key}' (did you mean '${meant}'?)`,
      );
    }
  }
  let messages: string[];
  try {
    schema.process([{ context: 'atrium', data: atriumData }]);
    return problems;
  } catch (error) {
    messages = (error as { messages?: string[] }).messages ?? [
      (error as Error).message,
    ];
  }
  for (const message of messages) {
    const match = AJV_MESSAGE.exec(message);
    if (!match) {
      problems.push(message);
      continue;
    }
    const [, text, params, at] = match;
    const segments = at.split('/').filter(Boolean);
    const where = segments.join('.');
    const unknown = /^additionalProperty=(.*)$/.exec(params);
    if (unknown) {
      const key = [...segments, unknown[1]].join('.');
      const allowed = declaredKeys(schema, segments);
      problems.push(
        segments.length === 0
          ? `unknown top-level key '${key}': no Atrium plugin reads it (check its spelling)`
          : `unknown key '${key}' (check its spelling; ${where} takes ${allowed.join(
              ', ',
            )})`,
      );
    } else if (/^(type|allowedValues)=/.test(params)) {
      problems.push(`'${where}' ${text} (${params})`);
    }
  }
  return problems;
}

/** Throws an error naming every problem with Atrium's keys in `config`. */
export function assertValidAtriumConfig(config: Config, schema: ConfigSchema) {
  const problems = findAtriumConfigProblems(config, schema);
  if (problems.length > 0) {
    throw new Error(
      `Invalid Atrium configuration: ${problems.join(
        '; ',
      )}. Fix the config file ` +
        `(the keys are documented in each plugin's config.d.ts and the README).`,
    );
  }
}

/**
 * Backstage's root config service (the same sources: --config arguments, environment,
 * file watching), which also refuses to start with a wrong Atrium key.
 */
export const atriumRootConfigServiceFactory = createServiceFactory({
  service: coreServices.rootConfig,
  deps: {},
  async factory() {
    const source = ConfigSources.default({});
    // The same line Backstage's own root config service logs.
    console.log(`Loading config from ${source}`);
    const config = await ConfigSources.toConfig(source);
    const schema = await loadAtriumConfigSchema(
      findAtriumSchemaPackages(resolvePackagePath('backend', 'package.json')),
    );
    try {
      assertValidAtriumConfig(config, schema);
    } catch (error) {
      // Stop watching the config files, so that the failed start ends the process.
      config.close();
      throw error;
    }
    return config;
  },
});
