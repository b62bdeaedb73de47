// REST request and response schemas of the reporting service: shared with the gateway's OpenAPI document.
export {}
