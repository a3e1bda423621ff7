using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Platform.Runtime;

namespace Platform.Api;

/// <summary>Turns the runtime's refusals into RFC 9457 ProblemDetails with field-level errors.</summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        ProblemDetails? details = exception switch
        {
            ValidationFailedException v => new ValidationProblemDetails(v.Errors) { Title = v.Message, Status = 400 },
            NotFoundException n => new ProblemDetails { Title = n.Message, Status = 404 },
            ForbiddenException f => new ProblemDetails { Title = f.Message, Status = 403 },
            ConflictException c => Conflict(c),
            TooManyRequestsException t => new ProblemDetails { Title = t.Message, Status = 429 },
            BadHttpRequestException b => new ProblemDetails { Title = "The request could not be read.", Detail = b.Message, Status = b.StatusCode },
            JsonException j => new ValidationProblemDetails(new Dictionary<string, string[]> { [j.Path ?? "$"] = [j.Message] })
                { Title = "The request body is not valid JSON.", Status = 400 },
            UnauthorizedAccessException u => new ProblemDetails { Title = u.Message, Status = 401 },
            _ => null,
        };
        if (details is null) return false;
        http.Response.StatusCode = details.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = details, Exception = exception });
    }

    private static ProblemDetails Conflict(ConflictException c)
    {
        var details = new ProblemDetails { Title = c.Message, Status = 409 };
        if (c.Current is not null) details.Extensions["current"] = c.Current;
        return details;
    }
}
