// REST request and response schemas of the billing service: shared with the gateway's OpenAPI document.
export {}
