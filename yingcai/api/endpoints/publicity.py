from ninja import Router

router = Router(tags=["公示"])
