// GOV.UK Frontend's template sets these classes with an inline script; the pages'
// Content-Security-Policy allows scripts from files only, so it is served from here.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
