using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace RecordsBench;

/// <summary>A signed-in browser-like client: session cookie plus the antiforgery header on writes.</summary>
public sealed class Session : IDisposable
{
    private readonly HttpClient _http;
    private string? _xsrf;

    private Session(string baseUrl)
    {
        var handler = new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(), UseCookies = true, MaxConnectionsPerServer = 64,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
    }

    public static async Task<Session> SignInAsync(string baseUrl, string userName, string password)
    {
        var s = new Session(baseUrl);
        using var response = await s._http.PostAsync("/api/auth/sign-in", Json(new JsonObject { ["userName"] = userName, ["password"] = password }));
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"sign-in of {userName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        s._xsrf = response.Headers.GetValues("X-XSRF-TOKEN").First();
        return s;
    }

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>Sends a request and returns status and body text (never throws on an HTTP error status).</summary>
    public async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (method != HttpMethod.Get && _xsrf is not null) request.Headers.Add("X-XSRF-TOKEN", _xsrf);
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<JsonNode?> PostAsync(string path, JsonNode body)
    {
        var (status, text) = await SendAsync(HttpMethod.Post, path, Json(body));
        if ((int)status >= 300) throw new InvalidOperationException($"POST {path}: {(int)status} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public async Task<JsonNode?> ImportCsvAsync(string path, string csv)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "deals.csv");
        form.Add(new StringContent("""{"mode":"allOrNothing"}"""), "options");
        var (status, text) = await SendAsync(HttpMethod.Post, path, form);
        if ((int)status >= 300) throw new InvalidOperationException($"import: {(int)status} {text[..Math.Min(text.Length, 2000)]}");
        return JsonNode.Parse(text);
    }

    public void Dispose() => _http.Dispose();
}
