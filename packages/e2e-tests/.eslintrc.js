module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // The browser tests assert through helpers that fail when the page never shows the text.
    'jest/expect-expect': [
      'error',
      { assertFunctionNames: ['expect', 'expectText', 'waitUntil'] },
    ],
  },
});
