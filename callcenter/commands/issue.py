"""`callcenter issue`: issue an order from a script or a CRM that cannot call HTTP."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="the order's fields as JSON (wire.OrderFields; '-' reads stdin); "
                             "the options below override it")
    parser.add_argument("--station", help="the station's ERP code")
    parser.add_argument("--kind", choices=["rescue", "fault_mode", "dispatch", "complaint",
                                           "repair"])
    parser.add_argument("--complaint-level", choices=["general", "medium", "strong"])
    parser.add_argument("--business-no", help="业务号码; assigned when not given")
    parser.add_argument("--customer-name")
    parser.add_argument("--customer-phone")
    parser.add_argument("--location", help="用户地点 (needed for a rescue)")
    parser.add_argument("--statement", help="用户主诉")
    parser.add_argument("--model", help="vehicle model")
    parser.add_argument("--plate")
    parser.add_argument("--vin")
    parser.add_argument("--department", help="sending department")
    parser.add_argument("--issued-by", default="crm", help="who issues it (default: crm)")


def _fields(args: argparse.Namespace) -> dict[str, object]:
    from common.errors import UserError

    data: dict[str, object] = {}
    if args.json is not None:
        try:
            text = sys.stdin.read() if str(args.json) == "-" else args.json.read_text("utf-8")
            loaded = json.loads(text)
        except (OSError, ValueError) as exc:
            raise UserError(f"cannot read {args.json}: {exc}", f"无法读取 {args.json}:{exc}") \
                from None
        if not isinstance(loaded, dict):
            raise UserError("the JSON must be an object", "JSON 内容必须是对象")
        data.update(loaded)
    simple = {"station_code": args.station, "kind": args.kind,
              "complaint_level": args.complaint_level, "business_no": args.business_no,
              "location": args.location, "statement": args.statement,
              "department": args.department}
    data.update({k: v for k, v in simple.items() if v is not None})
    customer = dict(data.get("customer") or {})  # type: ignore[call-overload]
    if args.customer_name is not None:
        customer["name"] = args.customer_name
    if args.customer_phone is not None:
        customer["phone"] = args.customer_phone
    if customer:
        data["customer"] = customer
    vehicle = dict(data.get("vehicle") or {})  # type: ignore[call-overload]
    for key in ("model", "plate", "vin"):
        if getattr(args, key) is not None:
            vehicle[key] = getattr(args, key)
    if vehicle:
        data["vehicle"] = vehicle
    return data


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from pydantic import ValidationError

    from callcenter import db as database
    from callcenter import orders
    from callcenter.auth import Principal, Role
    from callcenter.commands.common import open_database
    from callcenter.config import ServiceConfig
    from callcenter.errors import ApiError, pydantic_errors
    from common.errors import UserError

    data = _fields(args)
    try:
        request = orders.IssueRequest.model_validate(data)
    except ValidationError as exc:
        lines = pydantic_errors(list(exc.errors()))
        raise UserError("; ".join(f"{e.field}: {e.message_en}" for e in lines),
                        ";".join(f"{e.field}:{e.message_zh}" for e in lines),
                        code=lines[0].code, field=lines[0].field) from None
    open_database(args.db)
    who = Principal(token_id="cli", role=Role.ADMIN, name=args.issued_by[:80])
    try:
        order, _ = database.write(
            lambda: orders.issue(who, request, datetime.now(UTC), ServiceConfig()))
    except ApiError as exc:
        raise UserError(f"{exc.field}: {exc.en}", f"{exc.field}:{exc.zh}", code=exc.code,
                        field=exc.field) from None
    print(order.model_dump_json(indent=2))
    return 0
