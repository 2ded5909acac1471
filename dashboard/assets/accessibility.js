// Two fixes to what Dash and Plotly draw, made again whenever they redraw (hence the observer):
// 1. Every chart's toolbar buttons leave the tab order: each chart would otherwise add a tab stop per button (hundreds
//    on a long page) for tools that the download links under the chart already give to keyboard users.
// 2. A menu's keyboard focus is a hidden input (Dash 4's dcc.Dropdown marks it aria-hidden, yet it takes focus): a
//    screen reader landing there heard nothing. It is named as the combobox it acts as: its label and its choice.
(function () {
    function untab(root) {
        root.querySelectorAll(".modebar-btn:not([tabindex='-1'])").forEach(function (button) {
            button.setAttribute("tabindex", "-1");
        });
    }
    function name(root) {
        root.querySelectorAll(".dash-dropdown-wrapper > .dash-dropdown-focus-target").forEach(function (input) {
            var menu = input.parentElement.querySelector("button.dash-dropdown");
            var label = input.parentElement.parentElement.getAttribute("aria-labelledby");
            if (!menu) { return; }
            input.removeAttribute("aria-hidden");
            input.setAttribute("role", "combobox");
            input.setAttribute("aria-haspopup", "listbox");
            input.setAttribute("aria-labelledby", ((label ? label + " " : "") + menu.id + "-value").trim());
            var open = menu.getAttribute("aria-expanded") || "false";
            if (input.getAttribute("aria-expanded") !== open) { input.setAttribute("aria-expanded", open); }
        });
    }
    new MutationObserver(function () { untab(document); name(document); }).observe(document.documentElement, {
        childList: true, subtree: true, attributes: true, attributeFilter: ["aria-expanded"]});
})();
