-- wrk script: POST /purchase-hook with a new transaction key every request (50 customers per thread), or, with
-- path /transactions, the same body shape a direct Partnero call sends.
local counter = 0
local threads = {}
-- BENCH_HEADER="Name: value" adds one request header (e.g. "Prefer: respond-async").
local header = os.getenv("BENCH_HEADER")
-- BENCH_TAG=name starts every key and customer, so that wrk processes running at once never share them.
local tag = os.getenv("BENCH_TAG") or "b"

function setup(thread)
    thread:set("id", #threads + 1)
    table.insert(threads, thread)
end

function request()
    counter = counter + 1
    local key = string.format("%s%d_%d_%d", tag, id, os.time(), counter)
    local customer = string.format("c%s%d_%d", tag, id, counter % 50)
    local body
    local headers = { ["Content-Type"] = "application/json" }
    if header and header ~= "" then
        local name, value = header:match("^([^:]+):%s*(.*)$")
        headers[name] = value
    end
    if wrk.path == "/signup-hook" then
        body = string.format('{"key":"%s","email":"%s@example.com"}', key, key)
    elseif wrk.path == "/transactions" then
        body = string.format('{"customer":{"key":"%s"},"key":"%s","amount":10,"action":"sale"}', customer, key)
    else
        body = string.format('{"customer_key":"%s","key":"%s","amount":10}', customer, key)
    end
    return wrk.format("POST", wrk.path, headers, body)
end
