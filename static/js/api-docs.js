// The API documentation page (/api/docs/): Swagger UI over the schema at the URL the page names.
// A file, not an inline script, so the site's Content-Security-Policy (script-src 'self') holds.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.getAttribute("data-schema-url"),
    domNode: root,
    deepLinking: true,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    tryItOutEnabled: true,
    supportedSubmitMethods: ["get", "head"],
    validatorUrl: null,
  });
})();
