from ninja import Router

router = Router(tags=["人才认定"])
