-- wrk script: each request GETs PATH_PREFIX followed by a random line of LINES_FILE
-- (incident ids, or search words), so that requests do not repeat one cached row.
local prefix = os.getenv("PATH_PREFIX") or "/"
local file = os.getenv("LINES_FILE") or "/dev/null"
local lines = {}
for line in io.lines(file) do
  if #line > 0 then lines[#lines + 1] = line end
end
if #lines == 0 then lines[1] = "" end
math.randomseed(1)
request = function()
  return wrk.format("GET", prefix .. lines[math.random(#lines)])
end
