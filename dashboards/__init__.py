"""The homes: what each role sees first, composed from published data and the apps' selectors.

The district coordinator's Lagebild, a town's own page, and (later) the mayors' conference's joint
Lagebild. The top floor: it reads from every app below and no app imports it.
"""
