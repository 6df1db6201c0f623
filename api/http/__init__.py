"""The web service: FastAPI app factory, dependencies, problem responses and routers.

Routes stay thin: validate, call ``graphs.engine.Engine`` or a read service, shape the reply.
"""
