// REST request and response schemas of the crm service: shared with the gateway's OpenAPI document.
export {}
