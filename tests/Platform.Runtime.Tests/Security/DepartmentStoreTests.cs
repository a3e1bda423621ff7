using Platform.Runtime.Data;
using Platform.Runtime.Security;
using Platform.Tests;

namespace Platform.Runtime.Tests.Security;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
public class DepartmentStoreTests(string provider)
{
    private DepartmentStore _departments = null!;
    private UserStore _users = null!;

    [SetUp]
    public async Task SetUp()
    {
        var db = TestDatabases.Create(provider);
        await SystemSchema.EnsureAsync(db);
        _departments = new DepartmentStore(db);
        _users = new UserStore(db);
    }

    [Test]
    public async Task And_below_covers_the_whole_subtree_and_nothing_beside_it()
    {
        var hq = await _departments.CreateAsync("总部", null, null);
        var east = await _departments.CreateAsync("华东", hq.Id, null);
        var shanghai = await _departments.CreateAsync("上海", east.Id, null);
        var pudong = await _departments.CreateAsync("浦东", shanghai.Id, null);
        var west = await _departments.CreateAsync("华西", hq.Id, null);

        Assert.That(await _departments.SelfAndBelowAsync(east.Id), Is.EquivalentTo(new[] { east.Id, shanghai.Id, pudong.Id }));
        Assert.That(await _departments.SelfAndBelowAsync(hq.Id), Has.Count.EqualTo(5));
        Assert.That(await _departments.SelfAndBelowAsync(west.Id), Is.EqualTo(new[] { west.Id }));
        Assert.That(await _departments.SelfAndBelowAsync("no-such-id"), Is.Empty);
        Assert.That(pudong.Depth, Is.EqualTo(3));
    }

    [Test]
    public async Task Moving_a_department_moves_everything_below_it()
    {
        var hq = await _departments.CreateAsync("总部", null, null);
        var east = await _departments.CreateAsync("华东", hq.Id, null);
        var shanghai = await _departments.CreateAsync("上海", east.Id, null);
        var pudong = await _departments.CreateAsync("浦东", shanghai.Id, null);
        var west = await _departments.CreateAsync("华西", hq.Id, null);

        var moved = await _departments.MoveAsync(shanghai.Id, west.Id);
        Assert.That(moved.ParentId, Is.EqualTo(west.Id));
        Assert.That(await _departments.SelfAndBelowAsync(west.Id), Is.EquivalentTo(new[] { west.Id, shanghai.Id, pudong.Id }));
        Assert.That(await _departments.SelfAndBelowAsync(east.Id), Is.EqualTo(new[] { east.Id }));
        Assert.That((await _departments.FindAsync(pudong.Id))!.Path, Is.EqualTo($"/{hq.Id}/{west.Id}/{shanghai.Id}/{pudong.Id}/"));

        var top = await _departments.MoveAsync(shanghai.Id, null);
        Assert.That(top.Path, Is.EqualTo($"/{shanghai.Id}/"));
        Assert.That((await _departments.FindAsync(pudong.Id))!.Depth, Is.EqualTo(1));
    }

    [Test]
    public async Task A_department_cannot_move_below_itself_and_nothing_changes()
    {
        var hq = await _departments.CreateAsync("总部", null, null);
        var east = await _departments.CreateAsync("华东", hq.Id, null);
        var shanghai = await _departments.CreateAsync("上海", east.Id, null);
        var refused = Assert.ThrowsAsync<ValidationFailedException>(async () => await _departments.MoveAsync(east.Id, shanghai.Id));
        Assert.That(refused!.Errors, Contains.Key("parentId"));
        Assert.ThrowsAsync<ValidationFailedException>(async () => await _departments.MoveAsync(east.Id, east.Id));
        Assert.That((await _departments.FindAsync(east.Id))!.ParentId, Is.EqualTo(hq.Id));
        Assert.That((await _departments.FindAsync(shanghai.Id))!.Path, Is.EqualTo($"/{hq.Id}/{east.Id}/{shanghai.Id}/"));
    }

    [Test]
    public async Task Names_parents_and_heads_are_checked()
    {
        var hq = await _departments.CreateAsync("总部", null, null);
        await _departments.CreateAsync("华东", hq.Id, null);
        Assert.That(Assert.ThrowsAsync<ValidationFailedException>(async () => await _departments.CreateAsync("华东", hq.Id, null))!.Errors, Contains.Key("name"));
        Assert.That(Assert.ThrowsAsync<ValidationFailedException>(async () => await _departments.CreateAsync(" ", hq.Id, null))!.Errors, Contains.Key("name"));
        Assert.That(Assert.ThrowsAsync<ValidationFailedException>(async () => await _departments.CreateAsync("X", "nope", null))!.Errors, Contains.Key("parentId"));
        Assert.That(Assert.ThrowsAsync<ValidationFailedException>(async () => await _departments.CreateAsync("X", hq.Id, "nobody"))!.Errors, Contains.Key("headUserId"));
        Assert.That(await _departments.ListAsync(), Has.Count.EqualTo(2));

        var head = await _users.CreateAsync("zhang.wei", "张伟", "password-123", false);
        var renamed = await _departments.UpdateAsync(hq.Id, "集团总部", head.Id);
        Assert.That((await _departments.FindAsync(hq.Id))!.Name, Is.EqualTo("集团总部"));
        Assert.That(renamed.HeadUserId, Is.EqualTo(head.Id));
        Assert.ThrowsAsync<NotFoundException>(async () => await _departments.UpdateAsync("nope", "x", null));
    }

    [Test]
    public async Task The_responsible_head_is_the_nearest_head_up_the_tree()
    {
        var boss = await _users.CreateAsync("boss", "总经理", "password-123", false);
        var eastHead = await _users.CreateAsync("east.head", "华东负责人", "password-123", false);
        var hq = await _departments.CreateAsync("总部", null, boss.Id);
        var east = await _departments.CreateAsync("华东", hq.Id, eastHead.Id);
        var shanghai = await _departments.CreateAsync("上海", east.Id, null);
        var west = await _departments.CreateAsync("华西", hq.Id, null);
        var lab = await _departments.CreateAsync("实验室", null, null);

        Assert.That(await _departments.ResponsibleHeadAsync(shanghai.Id), Is.EqualTo(eastHead.Id));
        Assert.That(await _departments.ResponsibleHeadAsync(east.Id), Is.EqualTo(eastHead.Id));
        Assert.That(await _departments.ResponsibleHeadAsync(west.Id), Is.EqualTo(boss.Id));
        Assert.That(await _departments.ResponsibleHeadAsync(lab.Id), Is.Null);
        Assert.That(await _departments.ResponsibleHeadAsync("nope"), Is.Null);
    }
}
