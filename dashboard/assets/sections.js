// A chart page's sections fold away (dashboard/chart_page.py). The URL's anchor (a contents link, a bookmark such as
// /reflective#progression) opens the folded section that holds it and scrolls to it: a browser never opens a
// <details> for an anchor, and scrolls before Dash has drawn the page.
(function () {
    function openAnchored() {
        var name = decodeURIComponent(window.location.hash.slice(1));
        var target = name && document.getElementById(name);
        var holder = target && target.closest("details.page-section");
        if (!holder) { return false; }
        holder.open = true;
        target.scrollIntoView();
        return true;
    }
    window.addEventListener("hashchange", openAnchored);
    document.addEventListener("click", function (event) {  // a link to the anchor already in the address
        var link = event.target.closest && event.target.closest("a[href^='#']");
        if (link && link.getAttribute("href") === window.location.hash) { window.setTimeout(openAnchored, 0); }
    });
    var waiting = new MutationObserver(function () { if (openAnchored()) { waiting.disconnect(); } });
    waiting.observe(document.documentElement, {childList: true, subtree: true});
    window.setTimeout(function () { waiting.disconnect(); }, 60000);
})();
