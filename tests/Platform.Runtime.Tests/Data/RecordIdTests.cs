using Platform.Runtime.Data;

namespace Platform.Runtime.Tests.Data;

public class RecordIdTests
{
    [Test]
    public void Ids_written_in_one_burst_sort_in_the_order_they_were_made()
    {
        // Thousands of ids land in the same millisecond; lists sorted by (created time, id) rely on this.
        var ids = Enumerable.Range(0, 20_000).Select(_ => RecordId.New()).ToList();
        Assert.That(ids, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(ids.Distinct().Count(), Is.EqualTo(ids.Count));
        Assert.That(ids.Select(id => Guid.Parse(id).Version).Distinct(), Is.EqualTo(new[] { 7 }));
        Assert.That(ids.Select(id => Guid.Parse(id).Variant >> 2), Is.All.EqualTo(0b10), "RFC 9562 variant bits");
    }

    [Test]
    public void Ids_made_on_several_threads_are_unique()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 8, _ => { for (var i = 0; i < 5_000; i++) ids.Add(RecordId.New()); });
        Assert.That(ids.Distinct().Count(), Is.EqualTo(40_000));
    }
}
