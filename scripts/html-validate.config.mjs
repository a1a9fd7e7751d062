// html-validate's rules for the built pages (scripts/check-dist.mjs): its
// recommended set, strict, with these exceptions, each for a reason.
export const HTML_VALIDATE_CONFIG = {
  extends: ['html-validate:recommended'],
  rules: {
    // The focusable scroll boxes (scenario source, diagrams) are <div role="region"
    // tabindex="0" aria-label>: the ARIA pattern for a scrollable area, which is not
    // a section of the document's outline. Every other native-element preference holds.
    'prefer-native-element': ['error', { exclude: ['region'] }],
    // A page's title is its scenario's or post's own title, and a descriptive one
    // may pass 70 characters; that is search-engine advice, not validity.
    'long-title': 'off',
    // Shiki colours the posts' code blocks with style attributes; styles cannot run
    // code, and the CSP allows inline styles (Monaco needs them too).
    'no-inline-style': 'off',
  },
};
