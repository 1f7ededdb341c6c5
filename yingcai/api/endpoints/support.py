from ninja import Router

router = Router(tags=["待遇"])
