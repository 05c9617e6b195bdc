// kubernetes-models v5 and @kubernetes-models/* publish ESM only (the
// "import" condition), which Jest's "require" resolution does not find: the
// deploy/ manifests test resolves them through "import" too, and the SWC
// transform turns them into CommonJS. Same as the scaffolder module's.
// (package.json's jest.transform also lets SWC turn dynamic import() into
// require, for the kubernetes backend's import of @kubernetes/client-node.)
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
