// REST request and response schemas of the auth service: shared with the gateway's OpenAPI document.
export {}
