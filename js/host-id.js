// The id of the element that hosts the dialog's shadow root: the dialog
// (js/dialog.js) makes it, the TCF module (js/iab/tcf-page.js) finds it.
export const HOST_ID = 'consentry-dialog';
