using System.Text.Json.Nodes;

namespace Platform.Api.Tests.Access;

/// <summary>
/// The app of the permission matrix: customers in a shared pool (reps and team leads are members),
/// deals, and the five roles of docs/permissions.md — rep (own + pool), team lead (department and
/// below), director (all), channel staff (custom filter; rebate_rate visible, cost_price never),
/// finance (read-only with export).
/// </summary>
public static class MatrixApp
{
    public const string Key = "matrix";

    public static JsonObject Package(int claimLimit = 2, int cooldownDays = 7) => (JsonObject)JsonNode.Parse($$"""
    {
      "key": "{{Key}}", "name": "权限矩阵",
      "models": [
        { "key": "customer", "name": "客户", "displayField": "name",
          "pool": { "members": ["rep", "lead"], "claimLimit": {{claimLimit}}, "claimPeriod": "day", "cooldownDays": {{cooldownDays}} },
          "fields": [
            { "key": "name", "type": "text", "required": true, "unique": true },
            { "key": "channel", "type": "singleSelect", "options": [ { "value": "直销" }, { "value": "渠道" } ] },
            { "key": "cost_price", "type": "decimal" },
            { "key": "rebate_rate", "type": "percent" },
            { "key": "note", "type": "text" } ] },
        { "key": "deal", "name": "商机", "fields": [
            { "key": "title", "type": "text", "required": true },
            { "key": "amount", "type": "decimal" },
            { "key": "cost_price", "type": "decimal" },
            { "key": "rebate_rate", "type": "percent" },
            { "key": "customer", "type": "relation", "relation": { "kind": "manyToOne", "model": "customer" } },
            { "key": "files", "type": "attachment" },
            { "key": "receipts", "type": "subTable", "subTable": { "fields": [ { "key": "note", "type": "text" }, { "key": "scan", "type": "attachment" } ] } } ] }
      ],
      "roles": [
        { "key": "rep", "name": "销售代表",
          "permissions": {
            "customer": { "actions": ["create", "read", "update"], "rowScope": "own", "fields": { "cost_price": "hidden", "rebate_rate": "hidden" } },
            "deal": { "actions": ["create", "read", "update", "import"], "rowScope": "own", "fields": { "cost_price": "hidden", "rebate_rate": "hidden" } } } },
        { "key": "lead", "name": "销售主管",
          "permissions": {
            "customer": { "actions": ["read", "update", "export"], "rowScope": "departmentAndBelow", "fields": { "cost_price": "hidden" } },
            "deal": { "actions": ["read", "delete", "export"], "rowScope": "departmentAndBelow", "fields": { "cost_price": "hidden" } } } },
        { "key": "director", "name": "销售总监",
          "permissions": {
            "customer": { "actions": ["read", "export"], "rowScope": "all" },
            "deal": { "actions": ["read", "export"], "rowScope": "all" } } },
        { "key": "channel", "name": "渠道专员",
          "permissions": {
            "customer": { "actions": ["read", "update"], "rowScope": "custom",
              "filter": { "field": "channel", "op": "eq", "value": "渠道" },
              "fields": { "cost_price": "hidden", "rebate_rate": "readOnly", "name": "readOnly" } },
            "deal": { "actions": ["read", "export"], "rowScope": "custom",
              "filter": { "or": [ { "field": "owner", "op": "eq", "value": "$currentUser" }, { "field": "customer.channel", "op": "eq", "value": "渠道" } ] },
              "fields": { "cost_price": "hidden", "rebate_rate": "readOnly" } } } },
        { "key": "finance", "name": "财务",
          "permissions": {
            "customer": { "actions": ["read", "export"], "rowScope": "all" },
            "deal": { "actions": ["read", "export"], "rowScope": "all" } } }
      ]
    }
    """)!;
}
