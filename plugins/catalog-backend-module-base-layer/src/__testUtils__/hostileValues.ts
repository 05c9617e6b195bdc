/**
 * Hostile link data for the validation tests. The script URL is the input
 * under test, which is why the lint rule against such literals is off here.
 */
// eslint-disable-next-line no-script-url
export const SCRIPT_URL = 'javascript:alert(1)';
