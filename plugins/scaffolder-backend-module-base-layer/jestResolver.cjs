// kubernetes-models v5 and @kubernetes-models/* publish ESM only ("import"
// condition). Jest resolves with the "require" condition, so let those
// packages also resolve through "import"; the SWC transform turns them into
// CommonJS for the test runtime.
module.exports = (request, options) => {
  const needsImport =
    /^(?:kubernetes-models|@kubernetes-models\/)/.test(request) ||
    /[\\/]node_modules[\\/](?:kubernetes-models|@kubernetes-models)[\\/]/.test(
      options.basedir,
    );
  return options.defaultResolver(
    request,
    needsImport
      ? { ...options, conditions: [...(options.conditions ?? []), 'import'] }
      : options,
  );
};
