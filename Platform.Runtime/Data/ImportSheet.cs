using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using MiniExcelLibs;

namespace Platform.Runtime.Data;

/// <summary>
/// The rows of an uploaded CSV (CsvHelper) or XLSX (MiniExcel) file, read lazily: the header row first,
/// then each row's cells by column position (text from CSV; text, numbers or dates from XLSX), so an
/// import holds one chunk of rows at a time instead of the whole file.
/// </summary>
public sealed class ImportSheet : IDisposable
{
    /// <summary>More rows than this refuse the file (the import is rolled back).</summary>
    public const int MaxRows = 200_000;

    private readonly IEnumerator<object?[]> _rows;
    private readonly IDisposable? _reader;
    private int _count;

    private ImportSheet(List<string> headers, IEnumerator<object?[]> rows, IDisposable? reader)
    {
        Headers = headers;
        _rows = rows;
        _reader = reader;
    }

    public IReadOnlyList<string> Headers { get; }

    public static ImportSheet Open(Stream file, string format) => format switch
    {
        "csv" => OpenCsv(file),
        "xlsx" => OpenXlsx(file),
        _ => throw ValidationFailedException.For("file", "Upload a .csv or .xlsx file."),
    };

    /// <summary>The next rows (at most <paramref name="max"/>; none at the end of the file).</summary>
    public List<object?[]> Read(int max)
    {
        var rows = new List<object?[]>(max);
        while (rows.Count < max && Next(out var row)) rows.Add(row);
        return rows;
    }

    private bool Next(out object?[] row)
    {
        row = [];
        if (!_rows.MoveNext()) return false;
        if (++_count > MaxRows) throw ValidationFailedException.For("file", $"At most {MaxRows} rows per import.");
        row = _rows.Current;
        return true;
    }

    private static ImportSheet OpenCsv(Stream file)
    {
        var reader = new StreamReader(file, detectEncodingFromByteOrderMarks: true);
        var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null, MissingFieldFound = null });
        if (!csv.Read() || !csv.ReadHeader())
        {
            csv.Dispose();
            throw ValidationFailedException.For("file", "The file has no header row.");
        }
        var headers = csv.HeaderRecord!.ToList();
        return new ImportSheet(headers, CsvRows(csv, headers.Count), csv);
    }

    private static IEnumerator<object?[]> CsvRows(CsvReader csv, int columns)
    {
        while (csv.Read())
        {
            var row = new object?[columns];
            for (var i = 0; i < columns; i++) row[i] = csv.TryGetField<string>(i, out var v) ? v : null;
            yield return row;
        }
    }

    private static ImportSheet OpenXlsx(Stream file)
    {
        IEnumerator<dynamic>? rows = null;
        try
        {
            // The header is the keys of the first row (as MiniExcel names them), or the header row of an empty sheet.
            rows = file.Query(useHeaderRow: true).GetEnumerator();
            if (rows.MoveNext())
            {
                var first = (IDictionary<string, object?>)rows.Current;
                return new ImportSheet(first.Keys.ToList(), XlsxRows(rows, first.Keys.ToList(), first), rows);
            }
            rows.Dispose();
            file.Position = 0;
            var headers = file.GetColumns(useHeaderRow: true)?.Select(x => x.ToString()!).ToList() ?? [];
            return new ImportSheet(headers, Enumerable.Empty<object?[]>().GetEnumerator(), null);
        }
        catch (Exception e) when (e is not ValidationFailedException and not OutOfMemoryException)
        {
            rows?.Dispose();
            throw Unreadable(e);
        }
    }

    private static IEnumerator<object?[]> XlsxRows(IEnumerator<dynamic> rows, List<string> headers, IDictionary<string, object?> first)
    {
        var cells = first;
        while (true)
        {
            var row = new object?[headers.Count];
            for (var i = 0; i < headers.Count; i++) row[i] = cells.TryGetValue(headers[i], out var v) ? v : null;
            yield return row;
            // MiniExcel reads the workbook while it is walked, so a broken file can fail on any row.
            try
            {
                if (!rows.MoveNext()) yield break;
            }
            catch (Exception e) when (e is not ValidationFailedException and not OutOfMemoryException)
            {
                throw Unreadable(e);
            }
            cells = (IDictionary<string, object?>)rows.Current;
        }
    }

    private static ValidationFailedException Unreadable(Exception e) =>
        ValidationFailedException.For("file", "The file is not a readable XLSX workbook: " + e.Message);

    public void Dispose()
    {
        _rows.Dispose();
        _reader?.Dispose();
    }
}
