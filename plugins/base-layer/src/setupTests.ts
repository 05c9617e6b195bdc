import '@testing-library/jest-dom';

// Rendering MUI pages in jsdom takes seconds on a loaded 2-core machine
// (the Waves page with its sections): a timeout, not a slow feature, would
// fail the suite at jest's 5 s default.
jest.setTimeout(30_000);
