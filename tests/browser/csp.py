"""Listening for Content-Security-Policy violations in Chromium: a script the browser runs in
every document before the page's own (Playwright's init script, which the policy does not
govern) records each `securitypolicyviolation` event for the test to read."""

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} `
        + `at ${event.sourceFile || event.documentURI}:${event.lineNumber} ${event.sample}`
    );
});
"""


def watch(context):
    context.add_init_script(LISTEN)


def violations(page):
    return page.evaluate("() => window.__cspViolations || []")
