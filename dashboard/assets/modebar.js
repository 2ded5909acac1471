// Keep every chart's toolbar buttons out of the tab order: each chart would otherwise add a tab stop per button
// (hundreds on a long page) for tools that the download links under the chart already give to keyboard users.
// Plotly draws the toolbar after Dash renders a graph, and again when the figure changes, hence the observer.
(function () {
    function untab(root) {
        root.querySelectorAll(".modebar-btn:not([tabindex='-1'])").forEach(function (button) {
            button.setAttribute("tabindex", "-1");
        });
    }
    new MutationObserver(function () { untab(document); })
        .observe(document.documentElement, {childList: true, subtree: true});
})();
