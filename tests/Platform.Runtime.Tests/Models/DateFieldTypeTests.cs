using Platform.Runtime.Models.FieldTypes;

namespace Platform.Runtime.Tests.Models;

public class DateFieldTypeTests
{
    [TestCase("2024-02-29", 2024, 2, 29)]
    [TestCase("0001-01-01", 1, 1, 1)]
    [TestCase("9999-12-31", 9999, 12, 31)]
    public void Dates_written_yyyy_MM_dd_are_read(string text, int y, int m, int d)
    {
        Assert.That(DateFieldType.TryParseIso(text, out var date), Is.True);
        Assert.That(date, Is.EqualTo(new DateOnly(y, m, d)));
    }

    [TestCase("2023-02-29")]
    [TestCase("2024-13-01")]
    [TestCase("2024-04-31")]
    [TestCase("0000-01-01")]
    [TestCase("2024-1-05")]
    [TestCase("2024/01/05")]
    [TestCase("２０２４-01-05")]
    [TestCase("2024-01-05T00:00")]
    [TestCase(" 2024-01-5")]
    [TestCase("")]
    public void Anything_else_is_not_a_date(string text) =>
        Assert.That(DateFieldType.TryParseIso(text, out _), Is.False);
}
