using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Api.Tests;

/// <summary>Administrator requests the identity tests repeat: users and departments through the real API.</summary>
public static class IdentityRequests
{
    public const string Password = "user-password-1";

    public static async Task<string> CreateUserAsync(this HttpClient admin, string userName, string? departmentId = null, params string[] roles)
    {
        var response = await admin.PostAsJsonAsync("/api/users", new { userName, password = Password, displayName = userName, departmentId, roles });
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public static async Task<string> CreateDepartmentAsync(this HttpClient admin, string name, string? parentId = null)
    {
        var response = await admin.PostAsJsonAsync("/api/departments", new { name, parentId });
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();
}
