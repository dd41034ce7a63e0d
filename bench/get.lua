-- wrk script: GET the URL; a "%d" in the path becomes a new number each request (a cache miss every time).
-- BENCH_HEADER="Name: value" adds one request header.
local counter = 0
local header = os.getenv("BENCH_HEADER")

function request()
    counter = counter + 1
    local headers = {}
    if header and header ~= "" then
        local name, value = header:match("^([^:]+):%s*(.*)$")
        headers[name] = value
    end
    return wrk.format("GET", string.format(wrk.path, counter), headers)
end
