using System.Text.Json.Nodes;

namespace Platform.Tests;

/// <summary>
/// A small app package with the sales roles' shape (docs/permissions.md), used by the policy and
/// API tests: reps see their own deals, leads their department and below, directors everything,
/// channel staff see rebate_rate but never cost_price, finance edits everything but the title.
/// </summary>
public static class PermissionTestApp
{
    public const string Key = "perm-test";

    public static JsonObject Package(string key = Key) => (JsonObject)JsonNode.Parse($$"""
    {
      "key": "{{key}}", "name": "权限测试",
      "models": [
        { "key": "deal", "name": "商机", "fields": [
          { "key": "title", "type": "text" }, { "key": "amount", "type": "decimal" },
          { "key": "cost_price", "type": "decimal" }, { "key": "rebate_rate", "type": "percent" } ] },
        { "key": "note", "name": "备注", "fields": [ { "key": "text", "type": "text" } ] }
      ],
      "roles": [
        { "key": "rep", "name": "销售代表", "nameEn": "Sales rep",
          "permissions": { "deal": { "actions": ["create", "read", "update"], "rowScope": "own",
                                     "fields": { "cost_price": "hidden", "rebate_rate": "hidden" } } } },
        { "key": "lead", "name": "销售主管", "nameEn": "Team lead",
          "permissions": { "deal": { "actions": ["read", "export"], "rowScope": "departmentAndBelow",
                                     "fields": { "cost_price": "hidden" } } } },
        { "key": "director", "name": "销售总监", "nameEn": "Sales director",
          "permissions": { "deal": { "actions": ["read", "export"], "rowScope": "all" },
                           "note": { "actions": ["read"], "rowScope": "all" } } },
        { "key": "deptonly", "name": "部门只读", "nameEn": "Department reader",
          "permissions": { "deal": { "actions": ["read"], "rowScope": "department" } } },
        { "key": "channel", "name": "渠道专员", "nameEn": "Channel staff",
          "permissions": { "deal": { "actions": ["read", "update"], "rowScope": "custom",
            "filter": { "or": [ { "field": "owner", "op": "eq", "value": "$currentUser" },
                                { "and": [ { "field": "department", "op": "in", "value": ["$currentDepartmentAndBelow"] },
                                           { "field": "amount", "op": "gte", "value": 1000 } ] } ] },
            "fields": { "cost_price": "hidden", "rebate_rate": "readOnly", "title": "readOnly" } } } },
        { "key": "finance", "name": "财务", "nameEn": "Finance",
          "permissions": { "deal": { "actions": ["read", "update", "export"], "rowScope": "all",
                                     "fields": { "title": "readOnly", "cost_price": "readOnly" } } } }
      ]
    }
    """)!;
}
