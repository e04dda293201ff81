'use strict';
{
    // Django's admin warns on every date field when the browser's time zone differs from the
    // server's ("u ligt 1 uur achter"). A date without a time is the same day in every time zone,
    // and so is a time of day on its own; only a date with a time (Django's `p.datetime` pair) is
    // read in the server's time zone, so only that keeps the warning.
    // Django's media merge may put this file before DateTimeShortcuts.js; that sets up its fields
    // on `load`, which comes after DOMContentLoaded, so the change is made then.
    document.addEventListener('DOMContentLoaded', function() {
        const shortcuts = window.DateTimeShortcuts;
        const addWarning = shortcuts.addTimezoneWarning;
        shortcuts.addTimezoneWarning = function(input) {
            if (input.closest('.datetime')) {
                addWarning.call(shortcuts, input);
            }
        };
    });
}
