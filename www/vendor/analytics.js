// A stand-in for a vendor library: defines the API the inline snippet uses.
(window.demoRan = window.demoRan || []).push('analytics-library');
window.demoAnalytics = {
  track(name) {
    (window.demoRan = window.demoRan || []).push('analytics-inline:' + name);
  },
};
