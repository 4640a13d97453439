// kubernetes-models 5 is ESM-only: its package "exports" offer only the "import"
// condition, which Jest's CommonJS resolver does not ask for. Resolve those packages with
// "import" (Jest's SWC transform then compiles them to CommonJS like any other file) and
// leave every other package to the default resolution.
const KUBERNETES_MODELS =
  /^(kubernetes-models|@kubernetes-models\/[^/]+)(\/|$)/;

module.exports = (request, options) => {
  if (KUBERNETES_MODELS.test(request)) {
    return options.defaultResolver(request, {
      ...options,
      conditions: ['import', 'node', 'default'],
    });
  }
  return options.defaultResolver(request, options);
};
